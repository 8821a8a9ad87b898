// Server-side components any module's pages can use. See docs/adr/0502 for the conventions.
export { DataTable, type Column, type DataTableProps } from './DataTable.tsx';
export { ErrorSummary, type ErrorSummaryProps, FormField, type FormFieldProps, fieldId } from './FormField.tsx';
export { CsrfField, type FormProblem, PostForm, type PostFormProps, type ViewRequest } from './PostForm.tsx';
export { almatyDate, formatDate, formatDateTime, formatNumber, formatPercent, NO_VALUE, orDash, TIME_ZONE } from './format.ts';
export { Pagination, type PaginationProps, pageWindow } from './Pagination.tsx';
export { StatusBadge, type Tone } from './StatusBadge.tsx';
export { Figure, FigureList } from './Figure.tsx';
export { When } from './When.tsx';
