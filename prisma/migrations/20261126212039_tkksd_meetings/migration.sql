-- CreateTable
CREATE TABLE "TkksdMeeting" (
    "id" SERIAL NOT NULL,
    "heldOn" DATE NOT NULL,
    "startsAt" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "attendance" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "closedById" INTEGER,
    "minutesYear" INTEGER,
    "minutesSeq" INTEGER,
    "minutesNumber" TEXT,
    "minutesSha256" TEXT,

    CONSTRAINT "TkksdMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TkksdMeetingItem" (
    "id" SERIAL NOT NULL,
    "meetingId" INTEGER NOT NULL,
    "caseId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "decision" TEXT,
    "reason" TEXT,
    "outcome" TEXT,
    "applied" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "TkksdMeetingItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TkksdMeeting_minutesNumber_key" ON "TkksdMeeting"("minutesNumber");

-- CreateIndex
CREATE UNIQUE INDEX "TkksdMeeting_minutesYear_minutesSeq_key" ON "TkksdMeeting"("minutesYear", "minutesSeq");

-- CreateIndex
CREATE UNIQUE INDEX "TkksdMeetingItem_meetingId_caseId_key" ON "TkksdMeetingItem"("meetingId", "caseId");

-- AddForeignKey
ALTER TABLE "TkksdMeetingItem" ADD CONSTRAINT "TkksdMeetingItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "TkksdMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Meetings show on pages: they move the data revision too.
CREATE TRIGGER "TkksdMeeting_revision" AFTER INSERT OR UPDATE OR DELETE ON "TkksdMeeting" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "TkksdMeeting_revision_truncate" AFTER TRUNCATE ON "TkksdMeeting" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "TkksdMeetingItem_revision" AFTER INSERT OR UPDATE OR DELETE ON "TkksdMeetingItem" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "TkksdMeetingItem_revision_truncate" AFTER TRUNCATE ON "TkksdMeetingItem" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
