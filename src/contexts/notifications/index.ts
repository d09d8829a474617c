/** The notifications context's public face: other contexts and the composition root import only this. */
export { createNotificationsModule, type NotificationsPorts, type NotificationsProvides } from './module.js';
export type { CustomerNotice, Notifier, StaffNotice, TicketApiAccess } from './ports.js';
export type { OutgoingMail } from './domain/effects.js';
export { messageEffect, MESSAGE_TOPIC, type MessageInput } from './domain/message.js';
export { signWebhook, webhookSecretKey } from './domain/webhook.js';
