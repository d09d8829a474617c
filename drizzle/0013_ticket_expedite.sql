ALTER TABLE "tickets" ADD COLUMN "expedited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "expedited_by" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "expedite_reason" text;