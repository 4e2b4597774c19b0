-- Agreements entered as legacy were signed before they were entered: their cases
-- ask for no approval before signing (the card showed "belum ada" for them).
UPDATE "Case" SET "approvalsRequired" = false WHERE "legacy" = true;
