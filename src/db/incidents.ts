import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { isValidObjectId } from 'mongoose';
import type { IncidentAction, IncidentChange } from '../domain/detection/incident.js';
import { RISK_SIGNAL_TYPE } from '../domain/detection/incident.js';
import type { Severity } from '../domain/detection/severity.js';
import type { FailureClass, FailureFamily, FailureStatus, HealthStatus } from '../domain/detection/types.js';
import type { IntegrationType } from '../domain/records.js';
import { createKeyedLock } from '../util/keyed-lock.js';
import { isDuplicateKey } from './counters.js';
import { type RiskSignalStatus, riskSignalModel } from './risk-signals.js';

/**
 * Integration-disconnect incidents: risk_signals of type `integration_disconnected`, one unresolved per
 * dedup key (customer × integration × failure family) through the shared unique `openKey` index. Every
 * write that applies a detector transition is conditional on the transition's id not being in `applied`,
 * so a transition applied twice (a retried job, two workers) changes the incident once.
 */

export type EmailState = 'pending' | 'sent' | 'awaiting_approval' | 'no_contact' | 'failed' | 'disabled';

export interface IncidentEmail {
  state: EmailState;
  to: string | null;
  at: Date | null;
  error: string | null;
}

export interface IncidentRecord {
  id: string;
  dedupKey: string;
  family: FailureFamily;
  customerId: string;
  integrationId: string;
  integrationType: IntegrationType;
  integrationLabel: string;
  csmUserId: string | null;
  status: RiskSignalStatus;
  severity: Severity;
  title: string;
  occurrences: number;
  firstSeen: Date;
  lastSeen: Date;
  openedAt: Date;
  resolvedAt: Date | null;
  deferredUntil: Date | null;
  slackMessage: { channel: string; ts: string } | null;
  failureClass: FailureClass;
  healthStatus: HealthStatus;
  /** The worst status reached while open (downtime counts only `disconnected`). */
  worstStatus: FailureStatus;
  reason: string;
  errorCode: string | null;
  errorMessage: string | null;
  endpoints: string[];
  reopenCount: number;
  /** Occurrences before the last reopen; the detector counts from 1 again after a resolve. */
  occurrenceBase: number;
  acknowledgedBy: string | null;
  snoozedUntil: Date | null;
  /** Health points taken from the customer for this incident (0 or −10), given back on resolve. */
  healthPenalty: number;
  email: IncidentEmail;
  /** Whether the CSM has been alerted (DM or upstream alert); false while deferred by maintenance. */
  delivered: boolean;
  /** Set when the alert was folded into an upstream (vendor outage) alert instead of its own DM. */
  upstreamKey: string | null;
  /** Thread replies asked for before the alert had a thread; posted once it has one. */
  pendingReplies: PendingReply[];
  /** When a reply was last queued (the sweep posts what a crash left queued). */
  pendingReplyAt: Date | null;
  /** The last transition written to this incident and what it did (a replay finishes its follow-up). */
  lastApplied: { transitionId: string; action: IncidentAction } | null;
}

export interface PendingReply {
  key: string;
  text: string;
}

export interface NewIncident
  extends Pick<
    IncidentRecord,
    | 'dedupKey'
    | 'family'
    | 'customerId'
    | 'integrationId'
    | 'integrationType'
    | 'integrationLabel'
    | 'csmUserId'
    | 'severity'
    | 'title'
    | 'failureClass'
    | 'healthStatus'
    | 'reason'
    | 'errorCode'
    | 'errorMessage'
    | 'endpoints'
    | 'email'
    | 'deferredUntil'
  > {
  at: Date;
}

export type { IncidentChange } from '../domain/detection/incident.js';

const APPLIED_KEPT = 100;
/** The list is trimmed back to APPLIED_KEPT once it is this much longer (one extra write per 20 steps). */
const APPLIED_SLACK = 20;

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): IncidentRecord => {
  const i = d.incident ?? {};
  return {
    id: String(d._id),
    dedupKey: d.dedupKey,
    family: d.kind,
    customerId: d.customerId,
    integrationId: d.integrationId,
    integrationType: d.integrationType,
    integrationLabel: d.integration,
    csmUserId: d.csmUserId ?? null,
    status: d.status,
    severity: d.severity,
    title: d.title,
    occurrences: d.occurrences,
    firstSeen: d.firstSeen,
    lastSeen: d.lastSeen,
    openedAt: d.openedAt ?? d.firstSeen,
    resolvedAt: d.resolvedAt ?? null,
    deferredUntil: d.deferredUntil ?? null,
    slackMessage: d.slackMessage?.ts ? d.slackMessage : null,
    failureClass: i.failureClass,
    healthStatus: i.healthStatus ?? 'degraded',
    worstStatus: i.worstStatus ?? i.healthStatus ?? 'degraded',
    reason: i.reason ?? '',
    errorCode: i.errorCode ?? null,
    errorMessage: i.errorMessage ?? null,
    endpoints: i.endpoints ?? [],
    reopenCount: i.reopenCount ?? 0,
    occurrenceBase: i.occurrenceBase ?? 0,
    acknowledgedBy: i.acknowledgedBy ?? null,
    snoozedUntil: i.snoozedUntil ? new Date(i.snoozedUntil) : null,
    healthPenalty: i.healthPenalty ?? 0,
    email: {
      state: i.email?.state ?? 'pending',
      to: i.email?.to ?? null,
      at: i.email?.at ? new Date(i.email.at) : null,
      error: i.email?.error ?? null,
    },
    delivered: i.delivered ?? false,
    upstreamKey: i.upstreamKey ?? null,
    pendingReplies: Object.values((i.pendingReplies ?? {}) as Record<string, PendingReply>),
    pendingReplyAt: i.pendingReplyAt ? new Date(i.pendingReplyAt) : null,
    lastApplied: i.lastApplied?.id ? { transitionId: i.lastApplied.id, action: i.lastApplied.action } : null,
  };
};
/** Pending replies live in a map keyed by a hash of the reply key (field names may not contain dots). */
const replyField = (key: string) =>
  `incident.pendingReplies.r${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
const lastApplied = (transitionId: string, action: IncidentAction) => ({
  'incident.lastApplied': { id: transitionId, action },
});

const changeSet = (c: IncidentChange) => ({
  severity: c.severity,
  title: c.title,
  'incident.failureClass': c.failureClass,
  'incident.healthStatus': c.healthStatus,
  'incident.worstStatus': c.worstStatus,
  'incident.reason': c.reason,
  'incident.errorCode': c.errorCode,
  'incident.errorMessage': c.errorMessage,
  'incident.endpoints': c.endpoints,
});

export function createIncidentRepo(conn: Connection) {
  const Signal = riskSignalModel(conn);
  // Writes to one incident are serialized within this repository (see keyed-lock.ts for why); the
  // composition root builds one set of repositories per process.
  const writeLock = createKeyedLock();
  // `$push` with `$slice` is not applied by FerretDB v1: the list is trimmed with `$pullAll` instead.
  const pushApplied = (transitionId: string) => ({ applied: transitionId });
  const findOneAndUpdate = async (filter: object, update: object) => {
    const doc = await Signal.findOneAndUpdate(filter, update, { returnDocument: 'after', lean: true });
    if (!doc) return null;
    const applied = (doc.applied ?? []) as string[];
    if (applied.length > APPLIED_KEPT + APPLIED_SLACK) {
      await Signal.updateOne(
        { _id: doc._id },
        { $pullAll: { applied: applied.slice(0, applied.length - APPLIED_KEPT) } },
      );
    }
    return toRecord(doc);
  };
  const updateOne = (id: string, filter: object, update: object) =>
    writeLock(id, () => Signal.updateOne({ _id: id, ...filter }, update));

  return {
    async findById(id: string): Promise<IncidentRecord | null> {
      if (!isValidObjectId(id)) return null;
      const doc = await Signal.findOne({ _id: id, type: RISK_SIGNAL_TYPE }).lean();
      return doc ? toRecord(doc) : null;
    },
    /** The newest incident for a dedup key, resolved or not. */
    async latest(dedupKey: string): Promise<IncidentRecord | null> {
      const doc = await Signal.findOne({ dedupKey }).sort({ createdAt: -1, _id: -1 }).lean();
      return doc ? toRecord(doc) : null;
    },
    /** True when this transition was already applied to some incident of the key. */
    async wasApplied(dedupKey: string, transitionId: string): Promise<boolean> {
      return (await Signal.exists({ dedupKey, applied: transitionId })) !== null;
    },
    /** Inserts the open incident; null when one is already open for the key (a concurrent create won). */
    async create(n: NewIncident, transitionId: string): Promise<IncidentRecord | null> {
      try {
        const doc = await Signal.create({
          type: RISK_SIGNAL_TYPE,
          customerId: n.customerId,
          integration: n.integrationLabel,
          integrationId: n.integrationId,
          integrationType: n.integrationType,
          csmUserId: n.csmUserId,
          kind: n.family,
          severity: n.severity,
          title: n.title,
          dedupKey: n.dedupKey,
          openKey: n.dedupKey,
          occurrences: 1,
          firstSeen: n.at,
          lastSeen: n.at,
          openedAt: n.at,
          status: 'open',
          deferredUntil: n.deferredUntil,
          applied: [transitionId],
          incident: {
            failureClass: n.failureClass,
            healthStatus: n.healthStatus,
            worstStatus: n.healthStatus,
            reason: n.reason,
            errorCode: n.errorCode,
            errorMessage: n.errorMessage,
            endpoints: n.endpoints,
            reopenCount: 0,
            healthPenalty: 0,
            email: n.email,
            delivered: false,
            lastApplied: { id: transitionId, action: 'create' },
          },
        });
        return toRecord(doc.toObject());
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    },
    /** A new failure for an unresolved incident: occurrences, last seen, status (escalation), severity. */
    async update(id: string, transitionId: string, c: IncidentChange): Promise<IncidentRecord | null> {
      return writeLock(id, () =>
        findOneAndUpdate(
          { _id: id, status: { $ne: 'resolved' }, applied: { $ne: transitionId } },
          {
            $set: { ...changeSet(c), ...lastApplied(transitionId, 'update') },
            $max: { lastSeen: c.at, occurrences: c.occurrences },
            $push: pushApplied(transitionId),
          },
        ),
      );
    },
    /** Failed again within the reopen window: the same incident (and Slack message) opens again. */
    async reopen(id: string, transitionId: string, c: IncidentChange): Promise<IncidentRecord | null> {
      return writeLock(id, async () => {
        const doc = await Signal.findOne({ _id: id }).lean();
        if (!doc) return null;
        try {
          return await findOneAndUpdate(
            { _id: id, status: 'resolved', applied: { $ne: transitionId } },
            {
              $set: {
                ...changeSet(c),
                status: 'open',
                occurrences: c.occurrences,
                'incident.occurrenceBase': (doc.occurrences ?? 0) as number,
                openKey: doc.dedupKey,
                resolvedAt: null,
                openedAt: c.at,
                lastSeen: c.at,
                'incident.acknowledgedBy': null,
                'incident.snoozedUntil': null,
                ...lastApplied(transitionId, 'reopen'),
              },
              $inc: { 'incident.reopenCount': 1 },
              $push: pushApplied(transitionId),
            },
          );
        } catch (err) {
          // Another incident opened for the key meanwhile: the caller updates that one instead.
          if (isDuplicateKey(err)) return null;
          throw err;
        }
      });
    },
    /** Resolves the incident; its openKey becomes unique to it so the next failure may open a new one. */
    async resolve(id: string, transitionId: string, at: Date, reason: string): Promise<IncidentRecord | null> {
      return writeLock(id, async () => {
        const doc = await Signal.findOne({ _id: id }).lean();
        if (!doc) return null;
        return findOneAndUpdate(
          { _id: id, status: { $ne: 'resolved' }, applied: { $ne: transitionId } },
          {
            $set: {
              status: 'resolved',
              resolvedAt: at,
              deferredUntil: null,
              openKey: `${doc.dedupKey}#resolved#${String(doc._id)}`,
              'incident.healthStatus': 'healthy',
              'incident.resolution': reason,
              ...lastApplied(transitionId, 'resolve'),
            },
            $push: pushApplied(transitionId),
          },
        );
      });
    },
    /** Acknowledge or snooze (never on a resolved incident). Returns the incident after the change. */
    async setLifecycle(
      id: string,
      status: 'acknowledged' | 'snoozed' | 'open',
      by: string | null,
      snoozedUntil: Date | null = null,
    ): Promise<IncidentRecord | null> {
      return writeLock(id, () =>
        findOneAndUpdate(
          { _id: id, status: { $ne: 'resolved' } },
          { $set: { status, 'incident.acknowledgedBy': by, 'incident.snoozedUntil': snoozedUntil } },
        ),
      );
    },
    async setSlackMessage(id: string, message: { channel: string; ts: string }): Promise<void> {
      await updateOne(id, {}, { $set: { slackMessage: message, 'incident.delivered': true } });
    },
    async markDelivered(id: string, upstreamKey: string | null): Promise<void> {
      await updateOne(
        id,
        {},
        { $set: { 'incident.delivered': true, 'incident.upstreamKey': upstreamKey, deferredUntil: null } },
      );
    },
    /** Queues a thread reply until the alert has a thread (once per key). */
    async queueReply(id: string, reply: PendingReply, at: Date): Promise<void> {
      await updateOne(id, {}, { $set: { [replyField(reply.key)]: reply, 'incident.pendingReplyAt': at } });
    },
    /** Forgets posted replies; clears the queue's mark unless a reply was queued after `queuedAt`. */
    async dropReplies(id: string, keys: string[], queuedAt: Date | null): Promise<void> {
      if (keys.length > 0)
        await updateOne(id, {}, { $unset: Object.fromEntries(keys.map((k) => [replyField(k), ''])) });
      if (queuedAt)
        await updateOne(id, { 'incident.pendingReplyAt': queuedAt }, { $set: { 'incident.pendingReplyAt': null } });
    },
    /** Delivered incidents with queued replies (posting them was interrupted). */
    async withQueuedReplies(limit = 200): Promise<string[]> {
      const docs = await Signal.find(
        { type: RISK_SIGNAL_TYPE, 'incident.pendingReplyAt': { $ne: null }, 'incident.delivered': true },
        { _id: 1 },
      )
        .limit(limit)
        .lean();
      return docs.map((d) => String(d._id));
    },
    async setEmail(id: string, email: IncidentEmail): Promise<void> {
      await updateOne(id, {}, { $set: { 'incident.email': email } });
    },
    async setDeferred(id: string, until: Date | null): Promise<void> {
      await updateOne(id, {}, { $set: { deferredUntil: until } });
    },
    /**
     * Moves the applied health penalty from `from` to `to`; false when someone else already moved it, so the
     * customer's score changes once per incident whatever retries happen.
     */
    async swapHealthPenalty(id: string, from: number, to: number): Promise<boolean> {
      const res = await updateOne(id, { 'incident.healthPenalty': from }, { $set: { 'incident.healthPenalty': to } });
      return res.modifiedCount === 1;
    },
    async openForIntegration(integrationId: string): Promise<IncidentRecord[]> {
      const docs = await Signal.find({ type: RISK_SIGNAL_TYPE, integrationId, status: { $ne: 'resolved' } })
        .sort({ openedAt: -1 })
        .lean();
      return docs.map(toRecord);
    },
    /** Every incident of these integrations (open and resolved), newest first: their issue history. */
    async forIntegrations(integrationIds: readonly string[], limit = 2000): Promise<IncidentRecord[]> {
      if (integrationIds.length === 0) return [];
      const docs = await Signal.find({ type: RISK_SIGNAL_TYPE, integrationId: { $in: integrationIds } })
        .sort({ openedAt: -1 })
        .limit(limit)
        .lean();
      return docs.map(toRecord);
    },
    async openForCsm(csmUserId: string): Promise<IncidentRecord[]> {
      const docs = await Signal.find({ type: RISK_SIGNAL_TYPE, csmUserId, status: { $ne: 'resolved' } }).lean();
      return docs.map(toRecord);
    },
    /** CSMs (Slack user ids) with at least one unresolved incident. */
    async csmsWithOpenIncidents(): Promise<string[]> {
      const docs = await Signal.find(
        { type: RISK_SIGNAL_TYPE, status: { $ne: 'resolved' }, csmUserId: { $ne: null } },
        { csmUserId: 1 },
      ).lean();
      return [...new Set(docs.map((d) => String(d.csmUserId)))];
    },
    /** Every incident of an integration that was open at some point since `since` (history, uptime). */
    async forIntegrationSince(integrationId: string, since: Date): Promise<IncidentRecord[]> {
      const docs = await Signal.find({
        type: RISK_SIGNAL_TYPE,
        integrationId,
        $or: [{ resolvedAt: null }, { resolvedAt: { $gte: since } }],
      }).lean();
      return docs.map(toRecord);
    },
    /** Unresolved incidents of one integration type opened since `since`, all customers (outage folding). */
    async openOfTypeSince(integrationType: string, since: Date): Promise<IncidentRecord[]> {
      const docs = await Signal.find({
        type: RISK_SIGNAL_TYPE,
        integrationType,
        status: { $ne: 'resolved' },
        openedAt: { $gte: since },
      }).lean();
      return docs.map(toRecord);
    },
    /** Ids of snoozed incidents whose snooze has run out. */
    async snoozeEnded(now: Date): Promise<string[]> {
      const docs = await Signal.find(
        { type: RISK_SIGNAL_TYPE, status: 'snoozed', 'incident.snoozedUntil': { $lte: now } },
        { _id: 1 },
      ).lean();
      return docs.map((d) => String(d._id));
    },
    /**
     * Unresolved incidents never delivered and not held by maintenance: a first post that failed (Slack
     * error, crash mid-delivery) or is under way.
     */
    async undelivered(limit = 200): Promise<IncidentRecord[]> {
      const docs = await Signal.find({
        type: RISK_SIGNAL_TYPE,
        status: { $ne: 'resolved' },
        'incident.delivered': false,
        deferredUntil: null,
      })
        .limit(limit)
        .lean();
      return docs.map(toRecord);
    },
    /** Unresolved, undelivered incidents whose maintenance deferral has ended. */
    async deferralEnded(now: Date): Promise<IncidentRecord[]> {
      const docs = await Signal.find({
        type: RISK_SIGNAL_TYPE,
        status: { $ne: 'resolved' },
        deferredUntil: { $ne: null, $lte: now },
      }).lean();
      return docs.map(toRecord);
    },
  };
}
export type IncidentRepo = ReturnType<typeof createIncidentRepo>;
