// The events a webhook endpoint may receive, and their labels on the ADMIN page.
export const AGREEMENT_EVENTS = {
  "agreement.signed": "MoU/PKS ditandatangani",
  "agreement.numbered": "MoU/PKS diberi nomor",
  "agreement.ending_soon": "Perjanjian akan berakhir (pengingat)",
  "agreement.ended": "Perjanjian berakhir",
  "agreement.evaluated": "Evaluasi selesai",
} as const;

export type AgreementEventType = keyof typeof AGREEMENT_EVENTS;
/** Every type a delivery may carry: the agreement events and the ADMIN's test ping. */
export type WebhookEventType = AgreementEventType | "ping";

export const EVENT_TYPES = Object.keys(AGREEMENT_EVENTS) as AgreementEventType[];
export const isEventType = (v: string): v is AgreementEventType => (EVENT_TYPES as string[]).includes(v);
