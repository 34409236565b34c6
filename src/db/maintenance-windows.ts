import { randomUUID } from 'node:crypto';
import { type Connection, Schema } from 'mongoose';
import type { MaintenanceWindow } from '../domain/detection/maintenance.js';

/** maintenance_windows: when a customer's (or an integration's) alerts are held. The window is stored as JSON. */

const windowSchema = new Schema(
  {
    windowId: { type: String, required: true },
    customerId: { type: String, default: null },
    window: { type: String, required: true },
    createdBy: { type: String, default: null },
  },
  { collection: 'maintenance_windows', timestamps: true },
);
windowSchema.index({ windowId: 1 }, { unique: true });
windowSchema.index({ customerId: 1 });

export function createMaintenanceWindowRepo(conn: Connection) {
  const Window = conn.models.MaintenanceWindow ?? conn.model('MaintenanceWindow', windowSchema);
  const parse = (d: { window: string }) => JSON.parse(d.window) as MaintenanceWindow;
  return {
    async add(w: Omit<MaintenanceWindow, 'id'>, createdBy: string | null = null): Promise<MaintenanceWindow> {
      const stored = { ...w, id: randomUUID() } as MaintenanceWindow;
      await Window.create({
        windowId: stored.id,
        customerId: stored.scope.customerId ?? null,
        window: JSON.stringify(stored),
        createdBy,
      });
      return stored;
    },
    async remove(id: string): Promise<boolean> {
      return (await Window.deleteOne({ windowId: id })).deletedCount === 1;
    },
    /** Windows that may apply to the customer: its own and those not scoped to a customer. */
    async forCustomer(customerId: string): Promise<MaintenanceWindow[]> {
      const docs = await Window.find({ customerId: { $in: [customerId, null] } }).lean();
      return docs.map(parse);
    },
    async list(): Promise<MaintenanceWindow[]> {
      return (await Window.find({}).sort({ createdAt: 1 }).lean()).map(parse);
    },
  };
}
export type MaintenanceWindowRepo = ReturnType<typeof createMaintenanceWindowRepo>;
