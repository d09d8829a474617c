CREATE TABLE "call_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"assignee_id" text,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"email" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "call_tasks_source_idx" ON "call_tasks" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "call_tasks_status_idx" ON "call_tasks" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "call_tasks_assignee_idx" ON "call_tasks" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "call_tasks_account_idx" ON "call_tasks" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_preferences_user_idx" ON "notification_preferences" USING btree ("user_id","account_id","kind");