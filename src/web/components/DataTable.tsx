// A data table with a caption (required: it names the table for screen readers), header cells with
// scope, right-aligned numeric columns, and a focusable scroll wrapper so that wide tables scroll
// inside themselves on a phone instead of widening the page.
import type { ComponentChildren } from 'preact';

export interface Column<Row> {
  /** Header text. */
  header: ComponentChildren;
  /** Cell content; defaults to `String(row[key])`. */
  cell: (row: Row, index: number) => ComponentChildren;
  /** Numbers: right-aligned with tabular figures. */
  numeric?: boolean;
  /** The column whose cell names the row (rendered as `<th scope="row">`). */
  rowHeader?: boolean;
}

export interface DataTableProps<Row> {
  caption: ComponentChildren;
  columns: Column<Row>[];
  rows: Row[];
  /** Shown in one full-width cell when there are no rows. */
  empty: ComponentChildren;
  /** Stable key per row. */
  rowKey?: (row: Row, index: number) => string | number;
  /** Id for the caption; needed when a page has more than one table. */
  id?: string;
  class?: string;
}

let counter = 0;

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { caption, columns, rows, empty, rowKey } = props;
  const captionId = props.id ?? `table-${++counter}`;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable)
    <div class={`table-wrap${props.class ? ` ${props.class}` : ''}`} role="region" aria-labelledby={captionId} tabIndex={0}>
      <table>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" class={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row, r) => (
              <tr key={rowKey ? rowKey(row, r) : r}>
                {columns.map((c, i) =>
                  c.rowHeader ? (
                    <th key={i} scope="row" class={c.numeric ? 'num' : undefined}>
                      {c.cell(row, r)}
                    </th>
                  ) : (
                    <td key={i} class={c.numeric ? 'num' : undefined}>
                      {c.cell(row, r)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
