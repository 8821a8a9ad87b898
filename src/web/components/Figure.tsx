// Headline numbers ("126 members", "20 regions"): the number large, its label below, as a
// description list so the pairing is clear to screen readers.
import type { ComponentChildren } from 'preact';

export function FigureList(props: { children: ComponentChildren }) {
  return <dl class="figures">{props.children}</dl>;
}

/** With `href` the label is a link to the page behind the number, and the whole card is its target. */
export function Figure(props: { value: ComponentChildren; label: ComponentChildren; note?: ComponentChildren; href?: string }) {
  // The label comes first in the DOM (a dt must precede its dd); CSS shows the number on top.
  return (
    <div class={props.href ? 'figure figure-link' : 'figure'}>
      <dt>
        {props.href ? <a href={props.href}>{props.label}</a> : props.label}
        {props.note && <span class="figure-note">{props.note}</span>}
      </dt>
      <dd class="figure-value">{props.value}</dd>
    </div>
  );
}
