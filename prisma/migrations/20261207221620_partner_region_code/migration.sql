-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "partnerRegionCode" TEXT;

-- The open data now carries the partner region's code and the SKPD's code (schema 2.1):
-- a change of either moves the dataset's "modified" (migration open_data's triggers).
DROP TRIGGER "Case_public_data_update" ON "Case";
CREATE TRIGGER "Case_public_data_update" AFTER UPDATE ON "Case" FOR EACH ROW
  WHEN ((OLD."title", OLD."jenis", OLD."partnerName", OLD."partnerRegionCode", OLD."skpdId", OLD."urusanId")
        IS DISTINCT FROM (NEW."title", NEW."jenis", NEW."partnerName", NEW."partnerRegionCode", NEW."skpdId", NEW."urusanId"))
  EXECUTE FUNCTION "note_public_data_change"();
DROP TRIGGER "Skpd_public_data_update" ON "Skpd";
CREATE TRIGGER "Skpd_public_data_update" AFTER UPDATE ON "Skpd" FOR EACH ROW
  WHEN ((OLD."name", OLD."code") IS DISTINCT FROM (NEW."name", NEW."code")) EXECUTE FUNCTION "note_public_data_change"();
