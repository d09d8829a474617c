CREATE TABLE "report_plans" (
	"month" text PRIMARY KEY NOT NULL,
	"cursor" text,
	"accounts_seen" integer DEFAULT 0 NOT NULL,
	"scheduled" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_schedule" (
	"account_id" text NOT NULL,
	"month" text NOT NULL,
	"tenant_id" text NOT NULL,
	"due_date" date NOT NULL,
	"send_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"report_id" text,
	"error" text,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_schedule_account_id_month_pk" PRIMARY KEY("account_id","month")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"month" text NOT NULL,
	"version" integer NOT NULL,
	"trigger" text NOT NULL,
	"locale" text NOT NULL,
	"sections" jsonb NOT NULL,
	"html" text NOT NULL,
	"generated_by" text,
	"generated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_schedule_due_idx" ON "report_schedule" USING btree ("status","send_at");--> statement-breakpoint
CREATE INDEX "report_schedule_month_idx" ON "report_schedule" USING btree ("month","status");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_account_month_version_idx" ON "reports" USING btree ("account_id","month","version");--> statement-breakpoint
CREATE INDEX "reports_tenant_idx" ON "reports" USING btree ("tenant_id","account_id");