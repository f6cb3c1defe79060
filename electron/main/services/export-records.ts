/**
 * "Export all records": a new folder, inside the one the clinician chose, that the renderer
 * fills file by file (CSVs, README, PDFs rendered here). Files are created, never
 * overwritten, readable by the clinician only; nothing is written anywhere else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../../../shared/result';

export class RecordsExportFolder {
  private files = 0;
  private constructor(readonly dir: string) {}

  /** Creates "<name>", or "<name> (2)"… if that exists, inside `parent`. */
  static create(parent: string, name: string): RecordsExportFolder {
    for (let n = 1; n < 100; n++) {
      const dir = path.join(parent, n === 1 ? name : `${name} (${n})`);
      try {
        fs.mkdirSync(dir, { mode: 0o700 });
        return new RecordsExportFolder(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        break;
      }
    }
    throw new UserFacingError('NOT_ALLOWED', 'Holdspace could not create a folder there. Choose another folder and try again.');
  }

  write(name: string, bytes: Buffer | string): void {
    try {
      fs.writeFileSync(path.join(this.dir, path.basename(name)), bytes, { mode: 0o600, flag: 'wx' });
      this.files += 1;
    } catch {
      throw new UserFacingError(
        'NOT_ALLOWED',
        'Holdspace could not write the export there (is the drive full or unplugged?). Choose another folder and try again.',
      );
    }
  }

  get written(): number {
    return this.files;
  }
}
