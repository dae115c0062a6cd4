import * as archiverModule from 'archiver';
import type { Archiver, ArchiverOptions } from 'archiver';

// archiver 8 is an ES module exporting classes; its published types still describe the version 7 factory.
const { ZipArchive } = archiverModule as unknown as { ZipArchive: new (options?: ArchiverOptions) => Archiver };

/** A streaming zip writer (deflate). */
export const createZip = (): Archiver => new ZipArchive({ zlib: { level: 6 } });
