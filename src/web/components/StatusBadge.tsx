// A short status word in a coloured pill. The colour only repeats what the word says (never the only
// signal), and every tone keeps at least 4.5:1 contrast.
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function StatusBadge(props: { tone?: Tone; label: string; title?: string }) {
  return (
    <span class={`badge badge-${props.tone ?? 'neutral'}`} title={props.title}>
      {props.label}
    </span>
  );
}
