import { type Connection, Schema } from 'mongoose';

/**
 * Slack uploads being scored: one document per Slack file id (unique), so a retried or repeated event
 * (same file, same or new event_id) finds the existing document instead of starting a second run. The
 * document is also the job's resumable state: the thread, the progress message, what was already posted.
 */

export type UploadStatus = 'received' | 'processing' | 'awaiting_customer' | 'done' | 'failed';

const uploadSchema = new Schema(
  {
    fileId: { type: String, required: true },
    eventIds: { type: [String], default: [] },
    channel: { type: String, required: true },
    /** ts of the message the file came with: the thread the bot answers in (null until known). */
    messageTs: { type: String, default: null },
    userId: { type: String, default: null },
    text: { type: String, default: null },
    fileName: { type: String, default: null },
    status: { type: String, required: true },
    /** ts of the bot's "Processing integration data…" reply, updated with progress. */
    progressTs: { type: String, default: null },
    /** The customer the CSM picked from the select menu, used for the re-run. */
    chosenCustomer: { type: String, default: null },
    /** Report ids whose messages were already posted (a resumed run does not post them twice). */
    postedReportIds: { type: [String], default: [] },
    reportIds: { type: [String], default: [] },
    error: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    /** When the current run claimed the upload; a run older than the job's lock lifetime is presumed dead. */
    runStartedAt: { type: Date, default: null },
  },
  { collection: 'slack_uploads', timestamps: true },
);
uploadSchema.index({ fileId: 1 }, { unique: true });

export interface UploadRecord {
  fileId: string;
  eventIds: string[];
  channel: string;
  messageTs: string | null;
  userId: string | null;
  text: string | null;
  fileName: string | null;
  status: UploadStatus;
  progressTs: string | null;
  chosenCustomer: string | null;
  postedReportIds: string[];
  reportIds: string[];
  error: string | null;
  attempts: number;
  runStartedAt: Date | null;
}

export interface NewUpload {
  fileId: string;
  eventId: string;
  channel: string;
  messageTs: string | null;
  userId: string | null;
  text: string | null;
  fileName: string | null;
}

type UploadPatch = Partial<Omit<UploadRecord, 'fileId' | 'eventIds'>>;

export function createUploadRepo(conn: Connection) {
  const Upload = conn.models.SlackUpload ?? conn.model('SlackUpload', uploadSchema);
  const toRecord = (d: Record<string, unknown>): UploadRecord => {
    const { _id, __v, createdAt, updatedAt, ...rest } = d;
    return rest as unknown as UploadRecord;
  };
  return {
    /**
     * Records an upload once. `created` is false when the file was already recorded (a retry, a repeated
     * event, or the other of message/file_shared): then only missing thread details are filled in.
     */
    async claim(u: NewUpload): Promise<{ created: boolean; upload: UploadRecord }> {
      try {
        const doc = await Upload.create({
          fileId: u.fileId,
          eventIds: [u.eventId],
          channel: u.channel,
          messageTs: u.messageTs,
          userId: u.userId,
          text: u.text,
          fileName: u.fileName,
          status: 'received',
        });
        return { created: true, upload: toRecord(doc.toObject()) };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
      await Upload.updateOne({ fileId: u.fileId }, { $addToSet: { eventIds: u.eventId } });
      if (u.messageTs)
        await Upload.updateOne({ fileId: u.fileId, messageTs: null }, { $set: { messageTs: u.messageTs } });
      if (u.text) await Upload.updateOne({ fileId: u.fileId, text: null }, { $set: { text: u.text } });
      const existing = await Upload.findOne({ fileId: u.fileId }).lean();
      return { created: false, upload: toRecord(existing as Record<string, unknown>) };
    },
    async get(fileId: string): Promise<UploadRecord | null> {
      const d = await Upload.findOne({ fileId }).lean();
      return d ? toRecord(d as Record<string, unknown>) : null;
    },
    async update(
      fileId: string,
      patch: UploadPatch,
      extra: { $inc?: Record<string, number>; $addToSet?: Record<string, string> } = {},
    ) {
      await Upload.updateOne({ fileId }, { $set: patch, ...extra });
    },
    /**
     * Claims the upload for one run: from `received`, or from `processing` whose run started before
     * `staleBefore` (its process died). False when another run holds it or it is finished.
     */
    async claimRun(fileId: string, staleBefore: Date): Promise<boolean> {
      const r = await Upload.updateOne(
        { fileId, $or: [{ status: 'received' }, { status: 'processing', runStartedAt: { $lt: staleBefore } }] },
        { $set: { status: 'processing', runStartedAt: new Date() }, $inc: { attempts: 1 } },
      );
      return r.modifiedCount === 1;
    },
    /** Moves `from` → `to` atomically; false when the upload was not in `from` (someone else moved it). */
    async transition(fileId: string, from: UploadStatus, to: UploadStatus, patch: UploadPatch = {}): Promise<boolean> {
      const r = await Upload.updateOne({ fileId, status: from }, { $set: { ...patch, status: to } });
      return r.modifiedCount === 1;
    },
  };
}
export type UploadRepo = ReturnType<typeof createUploadRepo>;
