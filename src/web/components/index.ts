// Server-side components any module's pages can use. See docs/adr/0502 for the conventions.
export { DataTable, type Column, type DataTableProps } from './DataTable.tsx';
export { ErrorSummary, FormField, type FormFieldProps, fieldId } from './FormField.tsx';
export { almatyDate, formatDate, formatDateTime, formatNumber, formatPercent, TIME_ZONE } from './format.ts';
export { Pagination, type PaginationProps, pageWindow } from './Pagination.tsx';
export { StatusBadge, type Tone } from './StatusBadge.tsx';
export { Figure, FigureList } from './Figure.tsx';
