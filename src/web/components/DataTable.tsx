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
  /** A class for one cell (e.g. to mark a bad figure). */
  cellClass?: (row: Row) => string | undefined;
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
  /**
   * Id(s) of what names the scroll box, when the caption would repeat the name of the landmark around
   * it (landmarks need distinct names); default the caption.
   */
  labelledBy?: string;
  /** Extra classes of the scroll box. */
  class?: string;
  /** Classes of the `<table>` itself. */
  tableClass?: string;
  /** `false`: the scroll box without the frame (border, margin), for tables inside a module's own layout. */
  frame?: boolean;
  rowClass?: (row: Row) => string | undefined;
}

let counter = 0;

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { caption, columns, rows, empty, rowKey } = props;
  const captionId = props.id ?? `table-${++counter}`;
  const box = [props.frame === false ? 'table-scroll' : 'table-wrap', props.class].filter(Boolean).join(' ');
  const cellClass = (c: Column<Row>, row: Row) => [c.numeric ? 'num' : undefined, c.cellClass?.(row)].filter(Boolean).join(' ') || undefined;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable)
    <div class={box} role="region" aria-labelledby={props.labelledBy ?? captionId} tabIndex={0}>
      <table class={props.tableClass}>
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
              <tr key={rowKey ? rowKey(row, r) : r} class={props.rowClass?.(row)}>
                {columns.map((c, i) =>
                  c.rowHeader ? (
                    <th key={i} scope="row" class={cellClass(c, row)}>
                      {c.cell(row, r)}
                    </th>
                  ) : (
                    <td key={i} class={cellClass(c, row)}>
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
