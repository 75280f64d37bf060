/**
 * The file access the CLI needs. Errors read as bosh-utils' osFileSystem words them
 * (`Opening file <path>` wrapping Go's `open <path>: no such file or directory`).
 */
export interface FileSystem {
  /** Reads a whole file as bytes. */
  readFile(path: string): Promise<Uint8Array>;
  /** Writes a whole file, creating parent directories; replaces it atomically where possible. */
  writeFile(path: string, content: string | Uint8Array): Promise<void>;
  fileExists(path: string): Promise<boolean>;
  /** `~` to the home directory, then absolute, as boshsys ExpandPath does. */
  expandPath(path: string): string;
}
