// A labelled form control with an optional hint and an inline error. The hint and the error are tied
// to the control with aria-describedby, and aria-invalid marks a control with an error, so screen
// readers announce both. Ids derive from the field name: `field-NAME`, `field-NAME-hint`, `-error`.
import type { ComponentChildren } from 'preact';
import type { Translate } from '../i18n.ts';

export interface FormFieldProps {
  name: string;
  label: ComponentChildren;
  /** `textarea` and `select` render those elements; anything else is an `<input type>`. */
  type?: 'text' | 'email' | 'number' | 'date' | 'password' | 'search' | 'tel' | 'url' | 'textarea' | 'select';
  value?: string | number | null;
  hint?: ComponentChildren;
  /** The message for this field, from the server's validation (already translated). */
  error?: string | null;
  required?: boolean;
  /** For `select`: value and label of each option. */
  options?: { value: string; label: string }[];
  /** Extra attributes for the control: min, max, maxLength, rows, autocomplete, inputMode, … */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Id prefix when a page has two forms with the same field name. */
  idPrefix?: string;
}

export function fieldId(name: string, prefix = 'field'): string {
  return `${prefix}-${name.replace(/[^\w-]/g, '-')}`;
}

export function FormField(props: FormFieldProps) {
  const { name, label, type = 'text', value, hint, error, required, options = [], attrs = {} } = props;
  const id = fieldId(name, props.idPrefix);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    required,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    ...attrs,
  };
  let control: ComponentChildren;
  if (type === 'textarea') {
    control = <textarea {...common}>{value ?? ''}</textarea>;
  } else if (type === 'select') {
    control = (
      <select {...common}>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={String(value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else {
    // The union of input types is wider than preact's per-type overloads; the attributes are valid for each.
    const inputProps = { type, value: value ?? undefined, ...common } as Record<string, unknown>;
    control = <input {...inputProps} />;
  }
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={errorId}>
          {error}
        </p>
      )}
      {control}
    </div>
  );
}

export interface ErrorSummaryProps {
  t: Translate;
  errors: { field: string; message: string }[];
  /** The problem as one sentence, shown under the heading (also when no single field is named). */
  detail?: string;
  /** Heading text; default "N problems with this form" (plural rules of the language). */
  title?: string;
  /** Id of the box (its heading gets `ID-title`); needed when a page has several forms. */
  id?: string;
  /** 3 inside a form that has its own heading. */
  level?: 2 | 3 | 4;
  /** FormField id prefix of the controls. */
  idPrefix?: string;
  /**
   * Field name → control id, for forms whose ids do not follow `fieldId`. With it, a field that has no
   * control on the page is named as text instead of linked.
   */
  controlIds?: Record<string, string>;
}

/**
 * The list of a form's errors at its top, each a link to its field. Rendered with role="alert" so it
 * is announced when the page comes back from a failed post.
 */
export function ErrorSummary(props: ErrorSummaryProps) {
  const { t, errors, detail, controlIds } = props;
  if (errors.length === 0 && !detail) return null;
  const titleId = props.id ? `${props.id}-title` : 'error-summary-title';
  const Heading = props.level === 4 ? 'h4' : props.level === 3 ? 'h3' : 'h2';
  const href = (field: string) => (controlIds ? (controlIds[field] ? `#${controlIds[field]}` : null) : `#${fieldId(field, props.idPrefix)}`);
  return (
    <div class="error-summary" role="alert" aria-labelledby={titleId} id={props.id} tabIndex={props.id ? -1 : undefined}>
      <Heading id={titleId}>{props.title ?? t('ui.form.errors', { count: errors.length })}</Heading>
      {detail && <p>{detail}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((e) => {
            const to = href(e.field);
            return (
              <li key={e.field}>
                {to ? (
                  <a href={to}>{e.message}</a>
                ) : (
                  <>
                    <code>{e.field}</code>: {e.message}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
