// The repository the pages link to (package.json `homepage`), where the source, the charter with the
// published keys, and the release notes with the verifier's SHA-256 live.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { homepage?: string };

export const REPOSITORY_URL = (pkg.homepage ?? 'https://github.com/kenes-kz/kenes').replace(/\/$/, '');
export const CHARTER_URL = `${REPOSITORY_URL}/blob/main/charter/kz-default.json`;
export const RELEASES_URL = `${REPOSITORY_URL}/blob/main/docs/releases.md`;
