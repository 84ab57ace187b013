import { isValidElement, type ReactNode } from 'react';

/** A column header with a class on its <th> (e.g. `actions`, which the stylesheet aligns). */
type ColumnSpec = { label: ReactNode; className: string };
const isSpec = (column: ReactNode | ColumnSpec): column is ColumnSpec =>
  typeof column === 'object' && column !== null && !isValidElement(column) && 'label' in column;

type TableProps = {
  caption: string;
  captionHidden?: boolean;
  /**
   * Column headers (each a `<th scope="col">`); false/null leave a column out
   * (e.g. `canManage && 'Actions'`). With columns, children are the body rows.
   * Without, children are the table's own thead/tbody.
   */
  columns?: readonly (ReactNode | ColumnSpec)[];
  children: ReactNode;
};

// A caption is required: it names the table for screen readers (and tests);
// `captionHidden` keeps it out of sight when a heading already says the same.
export function Table({ caption, captionHidden = true, columns, children }: TableProps) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        {columns ? (
          <>
            <thead>
              <tr>
                {columns
                  .filter((column) => column !== false && column !== null && column !== undefined)
                  .map((column, i) =>
                    isSpec(column) ? (
                      <th key={i} scope="col" className={column.className}>
                        {column.label}
                      </th>
                    ) : (
                      <th key={i} scope="col">
                        {column}
                      </th>
                    ),
                  )}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </>
        ) : (
          children
        )}
      </table>
    </div>
  );
}

/** A header that screen readers announce but sighted users do not need (e.g. the row buttons' column). */
export function HiddenHeader({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}

/** The buttons at the end of a row, kept on one line. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <td className="nowrap">
      <div className="row" style={{ flexWrap: 'nowrap' }}>
        {children}
      </div>
    </td>
  );
}
