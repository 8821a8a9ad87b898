// The one way a page posts: `<form method="post">` with its CSRF token, an optional heading, and the
// refused attempt's problem summarised at the top. Plain HTML, so it works without JavaScript; the
// server answers with a redirect (303) or the page again with the problem and what was typed.
import type { ComponentChildren } from 'preact';
import type { SessionUser } from '../context.ts';
import type { Lang, Translate } from '../i18n.ts';
import { ErrorSummary } from './FormField.tsx';

/** What a view needs of the request: satisfied by a FastifyRequest once the shell's hooks have run. */
export interface ViewRequest {
  t: Translate;
  lang: Lang;
  user: SessionUser | null;
  /** Set by the identity module's session hook. */
  csrfToken?: string;
}

/** A refused post: the problem's detail and its failing fields (already in the reader's language). */
export interface FormProblem {
  detail?: string;
  errors: { field: string; message: string }[];
}

/** Hidden CSRF token for every form that posts; the token comes from the identity module's hook. */
export function CsrfField(props: { req: ViewRequest }) {
  return <input type="hidden" name="_csrf" value={props.req.csrfToken ?? ''} />;
}

export interface PostFormProps {
  req: ViewRequest;
  action: string;
  id?: string;
  class?: string;
  /** Rendered first (e.g. the form's `<h2>`); the problem summary then comes below it, one level down. */
  heading?: ComponentChildren;
  /** The refused attempt of this form, or nothing. */
  problem?: FormProblem | null;
  /** The level of the summary's heading: default 3 below a heading, else 2. */
  problemLevel?: 2 | 3 | 4;
  /** The summary's heading; default "N problems with this form". */
  problemTitle?: string;
  /** Field name → id of its control, where the ids do not follow `fieldId` (see ErrorSummary). */
  controlIds?: Record<string, string>;
  /** The FormField id prefix of this form's controls. */
  idPrefix?: string;
  /** Leave validation to the server, whose messages are inline and translated. */
  novalidate?: boolean;
  children?: ComponentChildren;
}

export function PostForm(props: PostFormProps) {
  const { req, problem } = props;
  return (
    <form method="post" action={props.action} class={props.class} id={props.id} novalidate={props.novalidate}>
      {props.heading}
      {problem && (
        <ErrorSummary
          t={req.t}
          errors={problem.errors}
          detail={problem.detail}
          title={props.problemTitle}
          id={props.id ? `${props.id}-errors` : undefined}
          level={props.problemLevel ?? (props.heading ? 3 : 2)}
          controlIds={props.controlIds}
          idPrefix={props.idPrefix}
        />
      )}
      <CsrfField req={req} />
      {props.children}
    </form>
  );
}
