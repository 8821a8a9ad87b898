// A failed command prints one clear line and exits non-zero (2 for invalid input, 1 otherwise).
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
