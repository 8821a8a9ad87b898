// `kenes select verify URL` and `kenes select verify REPORT --commitment … --pool … --quotas … --ledger …`:
// a public draw checked against the ledger (src/core/sortition/publicDraw.ts), then rerun in full.
// A report that is internally consistent but is not the one the ledger recorded fails. The inputs are
// gathered by the same code as `kenes-verify.mjs draw` (src/verifier/drawSource.ts).
import { createReadStream } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { type SelectionReport, verifySelection } from '../../core/sortition/index.ts';
import { checkReportCertificate } from '../../core/sortition/certificate.ts';
import {
  type CommitmentFile,
  parsePoolCsv,
  parseQuotasCsv,
  type PublicDrawVerdict,
  selectionInputOf,
  verifyPublicDraw,
} from '../../core/sortition/publicDraw.ts';
import { parsePublicKey } from '../ledger/api.ts';
import { CliError } from '../../cli/errors.ts';
import { type DrawInputs, exportedDrawEntries, fetchRunInputs, readText } from '../../verifier/drawSource.ts';

export interface PublicVerifyFlags {
  commitment?: string;
  pool?: string;
  quotas?: string;
  ledger?: string;
  entropy?: string;
  key?: string;
  rerun?: boolean;
  certificate?: boolean;
}

async function readFiles(reportFile: string, flags: PublicVerifyFlags, key: KeyObject | undefined): Promise<DrawInputs> {
  const need = (v: string | undefined, flag: string) => {
    if (!v) throw new CliError(`${flag} is required with --commitment (give --commitment, --pool, --quotas and --ledger)`, 2);
    return readText(v, flag);
  };
  const commitment = need(flags.commitment, '--commitment');
  const publicPool = need(flags.pool, '--pool');
  const quotas = need(flags.quotas, '--quotas');
  const report = need(reportFile, 'the report');
  need(flags.ledger, '--ledger');
  const { entries, notes } = await exportedDrawEntries(createReadStream(flags.ledger!), key);
  return { commitment, publicPool, quotas, report, ledgerEntries: entries, notes };
}

function print(verdict: PublicDrawVerdict, notes: string[]): void {
  for (const c of verdict.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
  for (const n of [...verdict.notes, ...notes]) process.stdout.write(`note: ${n}\n`);
}

export async function verifyPublicRun(target: string, flags: PublicVerifyFlags): Promise<void> {
  const key = flags.key ? parsePublicKey(flags.key) : undefined;
  const files = /^https?:\/\//.test(target) ? await fetchRunInputs(target, key) : await readFiles(target, flags, key);
  const { notes: _notes, ...inputs } = files;
  const verdict = verifyPublicDraw({ ...inputs, entropy: flags.entropy });
  print(verdict, files.notes);
  if (!verdict.ok) {
    const failed = verdict.checks.filter((c) => !c.ok);
    throw new CliError(`verification failed: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`, 1);
  }
  const report = JSON.parse(files.report) as SelectionReport;
  const publicInput = () => {
    const c = JSON.parse(files.commitment) as CommitmentFile;
    return selectionInputOf({ pool: parsePoolCsv(files.publicPool, c.categories, c.householdRule), quotas: parseQuotasCsv(files.quotas), k: c.k });
  };
  if (flags.certificate) {
    // The optimality certificate replaces the rerun: exact arithmetic, no LP solver (ADR 0113).
    const result = checkReportCertificate(publicInput(), report);
    process.stdout.write(`${result.ok ? 'ok  ' : 'FAIL'} certificate: ${result.message}\n`);
    if (!result.ok) throw new CliError(`verification failed: certificate: ${result.message}`, 1);
  } else if (flags.rerun !== false) {
    const input = publicInput();
    const rerun = await verifySelection(input, report);
    if (!rerun.ok) throw new CliError(`verification failed: full rerun: ${rerun.problems.join('; ')}`, 1);
    process.stdout.write('ok   rerun: the optimisation, lottery and draw were rerun from the public files and match bit for bit\n');
  }
  process.stdout.write(`verified: public ${report.algorithm} draw, commitment ${report.ceremony.commitment}, seed ${report.seed}, ticket ${report.draw.ticket}, ${report.draw.members.length} members match the ledger\n`);
}
