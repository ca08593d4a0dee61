// Files sent to the bot. In a 1:1 chat Teams delivers an attachment of type
// application/vnd.microsoft.teams.file.download.info whose content.downloadUrl is a short-lived,
// pre-authorised SharePoint / OneDrive link; anywhere else bots get no file at all (only the
// message's HTML). What else arrives:
//   - an inline image (image/*, contentUrl on the Teams service): not read;
//   - the message's text/html copy: the text, read by messageText();
//   - from Teams on iOS, a downloadUrl that is a sharing link to the file's web page: refused as
//     HTML by the downloader, and answered with what to do instead.
import type { Activity } from 'botbuilder';
import { extensionOf, READABLE_EXTENSIONS, readReport } from '../diagnose/report';
import type { Report } from '../diagnose/report';
import type { Kb } from '../kb/load';
import type { FileConfig } from '../files/config';
import { downloadFile } from '../files/download';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

export interface IncomingFile {
  /** As Teams named it; shown in plain text, never used as a path. */
  name: string;
  downloadUrl: string;
  fileType: string;
}

const READABLE = new Set<string>(READABLE_EXTENSIONS);
const LIST = '.csv, .tsv, .xlsx, .json, .ndjson, .txt or .log';
const MAX_NAME = 120;

/** The files of a message (file.download.info attachments with a download URL). */
export function incomingFiles(activity: Partial<Activity>): IncomingFile[] {
  const out: IncomingFile[] = [];
  for (const a of activity.attachments ?? []) {
    if (a?.contentType !== FILE_DOWNLOAD_INFO) continue;
    const content = (a.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
    if (typeof content.downloadUrl !== 'string' || !content.downloadUrl) continue;
    const name = typeof a.name === 'string' && a.name.trim() ? a.name.trim().slice(0, MAX_NAME) : 'the file';
    out.push({ name, downloadUrl: content.downloadUrl, fileType: typeof content.fileType === 'string' ? content.fileType.toLowerCase().slice(0, 10) : '' });
  }
  return out;
}

/** Whether the message carries an inline image (a screenshot pasted into the message). */
export const hasImage = (activity: Partial<Activity>) => (activity.attachments ?? []).some((a) => typeof a?.contentType === 'string' && a.contentType.startsWith('image/'));

export const IN_CHANNEL =
  'SIP Doc can only open files in a 1:1 chat with it: send the file to SIP Doc in a personal chat, or paste the failing lines here.';

export const NOT_IMAGES = 'SIP Doc does not read images. Paste the codes or the failing lines as text, or send the log or report as a file in a 1:1 chat.';

const INSTEAD = 'Paste the failing lines instead, or send the report as a .csv file.';

/** A sharing link (`/:x:/g/personal/...`), what Teams on iOS sends in place of a download link. */
const SHARING_LINK = /^\/:[a-z]:\//i;

export type FileAnswer = { ok: true; name: string; report: Report; note?: string } | { ok: false; text: string };

export interface FileDeps {
  kb: Kb;
  files: FileConfig;
}

/** Downloads and reads the first file of a message; the answer is a report or a sentence. */
export async function answerFile(list: IncomingFile[], { kb, files }: FileDeps): Promise<FileAnswer> {
  const file = list[0]!;
  const note = list.length > 1 ? `SIP Doc read ${file.name}; send the other ${list.length - 1 === 1 ? 'file' : `${list.length - 1} files`} one at a time.` : undefined;
  const ext = extensionOf(file.name) || file.fileType;
  if (ext && !READABLE.has(ext)) {
    const why = ext === 'zip' ? 'Unzip it (the Teams admin center export holds a .csv) and send the .csv.' : INSTEAD;
    return { ok: false, text: `SIP Doc reads ${LIST} files; ${file.name} is a .${ext} file. ${why}` };
  }
  let sharing = false;
  try {
    sharing = SHARING_LINK.test(new URL(file.downloadUrl).pathname);
  } catch {
    /* the downloader says why */
  }
  const got = await downloadFile(file.downloadUrl, { config: files });
  if (!got.ok) {
    if (got.problem === 'html' || sharing) {
      return {
        ok: false,
        text: `Teams sent a link to the web page of ${file.name}, not the file itself (Teams on iOS and Android do this). Send the file from Teams on the desktop or the web, or paste the failing lines.`,
      };
    }
    return { ok: false, text: `SIP Doc could not download ${file.name}: ${got.message} ${got.problem === 'too-large' ? 'Send a shorter date range, or paste the failing lines.' : INSTEAD}` };
  }
  const read = await readReport({ name: file.name, bytes: got.bytes }, kb);
  if (!read.ok) return { ok: false, text: `SIP Doc could not read ${file.name}: ${read.problem} ${INSTEAD}` };
  if (read.report.calls === 0 && read.report.kinds.length === 0) {
    return { ok: false, text: `SIP Doc found no call and no failure code in ${file.name}. It reads usage reports (CSV, TSV, XLSX), Graph or ACS call records (JSON), and logs or SIP traces with codes in them.` };
  }
  return { ok: true, name: file.name, report: read.report, ...(note ? { note } : {}) };
}
