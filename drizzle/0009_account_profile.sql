CREATE TABLE "sub_account_invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"master_id" text NOT NULL,
	"invitee_id" text NOT NULL,
	"invitee_tenant_id" text NOT NULL,
	"status" text NOT NULL,
	"finance_mode" text,
	"message" text,
	"invited_by" text NOT NULL,
	"decided_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "report_recipients" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "phones" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "role" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sub_account_invitations_master_idx" ON "sub_account_invitations" USING btree ("tenant_id","master_id");--> statement-breakpoint
CREATE INDEX "sub_account_invitations_invitee_idx" ON "sub_account_invitations" USING btree ("invitee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sub_account_invitations_open_idx" ON "sub_account_invitations" USING btree ("invitee_id") WHERE status = 'pending';--> statement-breakpoint
UPDATE "accounts" SET "report_recipients" = jsonb_build_array("report_email") WHERE "report_email" IS NOT NULL;