export function summarizeCharter(): string { return ""; }
