// Settings that pass production mode's checks, for tests that start in production mode. Test-only
// values (random once, published here): never use them in a deployment.
export const PRODUCTION_SECRETS = {
  KENES_PEPPER: 'R7adMf9uRrWv6uy4i6SDHw6x1ypPKNzhaL8OeHCIyj8=',
  KENES_SESSION_SECRET: 'aRy6dLwkjNonxxNdA1aXQeo+x/W42Na+DJ1tjelnKpc=',
  KENES_LEDGER_KEY: 'MC4CAQAwBQYDK2VwBCIEIK+d2Cnnow/2MnmvphKyplUXf+3nWwUh55IZXfsmVP0B',
} as const;
