import type { DatabaseSync } from 'node:sqlite';
import type { ExportRecord } from '../../shared/export/package-format';
import type { Finding } from '../../shared/qa';

/**
 * The export log (table exports): every package exported, with the warnings
 * accepted and the note. No foreign key to articles: the record of what went
 * out outlives the article.
 */
export interface ExportLog {
  add(articleId: string, record: ExportRecord): void;
  /** An article's exports, newest first. */
  of(articleId: string): ExportRecord[];
}

interface ExportRow {
  exported_at: string;
  exported_by: string;
  file_name: string;
  bytes: number;
  sha256: string;
  revisions: string;
  accepted_warnings: string;
  note: string;
  working_copy: number;
}

function toRecord(row: ExportRow): ExportRecord {
  return {
    exportedAt: row.exported_at,
    exportedBy: row.exported_by,
    fileName: row.file_name,
    bytes: row.bytes,
    sha256: row.sha256,
    revisions: JSON.parse(row.revisions) as ExportRecord['revisions'],
    acceptedWarnings: JSON.parse(row.accepted_warnings) as Finding[],
    note: row.note,
    workingCopy: row.working_copy === 1,
  };
}

export function createExportLog(db: DatabaseSync): ExportLog {
  const insertExport = db.prepare(
    `INSERT INTO exports (article_id, exported_at, exported_by, file_name, bytes, sha256, revisions, accepted_warnings, note, working_copy)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectExports = db.prepare(
    'SELECT exported_at, exported_by, file_name, bytes, sha256, revisions, accepted_warnings, note, working_copy FROM exports WHERE article_id = ? ORDER BY exported_at DESC, id DESC',
  );
  return {
    add(articleId, record) {
      insertExport.run(
        articleId,
        record.exportedAt,
        record.exportedBy,
        record.fileName,
        record.bytes,
        record.sha256,
        JSON.stringify(record.revisions),
        JSON.stringify(record.acceptedWarnings),
        record.note,
        record.workingCopy ? 1 : 0,
      );
    },
    of: (articleId) => (selectExports.all(articleId) as unknown as ExportRow[]).map(toRecord),
  };
}
