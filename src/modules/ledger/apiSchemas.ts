// Schemas shared by the ledger's routes (OpenAPI documents them).
import { Type } from '@sinclair/typebox';

const HexHash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, hex' });
export const CosignatureSchema = Type.Object({
  witness_key: Type.String({ description: 'Base64 SPKI DER of the witness key' }),
  witness_name: Type.Optional(Type.String()),
  cosigned_at: Type.String({ description: 'ISO-8601 UTC time the witness signed' }),
  signature: Type.String({
    description: 'Base64 Ed25519 signature over the canonical JSON {"cosigned_at":…,"log":"kenes-ledger-v1","root_hash":…,"size":…,"timestamp":…,"type":"kenes-cosignature-v1"}',
  }),
});
export const Head = Type.Object({
  size: Type.Integer({ minimum: 0, description: 'Number of entries the head covers' }),
  root_hash: HexHash,
  timestamp: Type.String({ description: 'ISO-8601 UTC time of signing' }),
  signature: Type.String({ description: 'Base64 Ed25519 signature over the canonical JSON {"log":"kenes-ledger-v1","root_hash":…,"size":…,"timestamp":…}' }),
  public_key: Type.String({ description: 'Base64 SPKI DER of the signing key' }),
  cosignatures: Type.Optional(Type.Array(CosignatureSchema, { description: 'Cosignatures of the witnesses named in the charter (docs/adr/0303)' })),
});
