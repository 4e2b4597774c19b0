// A TKKSD meeting held today on one case, decided and closed through the meeting
// service: how the demo data and the tests obtain the TKKSD's approval of a final
// draft (there is no other way to record it).
import type { PrismaClient } from "../../generated/prisma/client.js";
import { todayJakarta } from "../../core/calendar/calendar.js";
import { closeMeeting, createMeeting, saveMeeting } from "../tkksd/meeting-service.js";
import type { DecisionId } from "../tkksd/subjects.js";
import type { ActorFor } from "./actors.js";

export async function decideInMeeting(prisma: PrismaClient, actorFor: ActorFor, caseId: number, decision: DecisionId = "ADOPT", reason: string | null = null) {
  // A case already on a planned meeting's agenda is taken to this one, held today.
  await prisma.tkksdMeetingItem.deleteMany({ where: { caseId, meeting: { closedAt: null } } });
  const m = await createMeeting(prisma, actorFor("KASUBBAG"), {
    heldOn: todayJakarta(),
    startsAt: "09.00",
    place: "Ruang Rapat Bagian Kerjasama",
    caseIds: [caseId],
  });
  const item = await prisma.tkksdMeetingItem.findFirstOrThrow({ where: { meetingId: m.id } });
  await saveMeeting(prisma, actorFor("TKKSD"), m.id, "Sekretaris Daerah (Ketua TKKSD)\nKepala Bagian Kerjasama (Sekretaris TKKSD)", {
    [item.id]: { decision, reason },
  });
  const results = await closeMeeting(prisma, actorFor("TKKSD"), m.id);
  const failed = results.find((r) => !r.ok);
  if (failed) throw new Error(`Rapat TKKSD: ${failed.message}`);
  return prisma.tkksdMeeting.findUniqueOrThrow({ where: { id: m.id } });
}
