-- The findings are the answers' "kendala" item (copied there when the item bank came in): the column was written and never read.
UPDATE "Evaluation" SET "answers" = jsonb_set(coalesce("answers", '{}'::jsonb), '{kendala}', to_jsonb("findings"))
WHERE "findings" IS NOT NULL AND ("answers" IS NULL OR NOT "answers" ? 'kendala');

-- AlterTable
ALTER TABLE "Evaluation" DROP COLUMN "findings";

