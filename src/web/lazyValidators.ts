// Route validators compiled on first use (docs/adr/0011). Fastify compiles every route's schema with
// ajv when the app starts, about 0.6 CPU-s for Kenes' routes: a cost each `kenes serve` and each test
// that builds an app pays for every route, while a request meets only the few it calls. Here each
// route gets a stand-in that compiles its schema (with Fastify's own compiler, the same options and
// plugins) the first time a request is validated, then calls the compiled function ever after.
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

type BuildValidator = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;
type Validate = ((data: unknown) => unknown) & { errors?: unknown };

/** The factory for `schemaController.compilersFactory.buildValidator`: Fastify's, compiling lazily. */
export function lazyValidators(): BuildValidator {
  const eager = AjvCompiler() as unknown as BuildValidator;
  return ((externalSchemas: unknown, options: unknown) => {
    const compile = (eager as (e: unknown, o: unknown) => FastifySchemaCompiler<unknown>)(externalSchemas, options);
    return (route: Parameters<FastifySchemaCompiler<unknown>>[0]) => {
      let compiled: Validate | undefined;
      // Fastify reads `.errors` of the function it called after a `false`: pass the compiled one's on.
      const validate: Validate = (data) => {
        compiled ??= compile(route) as Validate;
        const ok = compiled(data);
        validate.errors = compiled.errors;
        return ok;
      };
      return validate;
    };
  }) as unknown as BuildValidator;
}
