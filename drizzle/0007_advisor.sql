CREATE TABLE "advisor_events" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisor_findings" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"subject" text NOT NULL,
	"dimension" text NOT NULL,
	"severity" text NOT NULL,
	"resource_id" text,
	"resource_ids" text[] NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"opened_run_id" text NOT NULL,
	"last_run_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisor_group_members" (
	"group_id" text NOT NULL,
	"resource_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	CONSTRAINT "advisor_group_members_group_id_resource_id_pk" PRIMARY KEY("group_id","resource_id")
);
--> statement-breakpoint
CREATE TABLE "advisor_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisor_resource_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"resource_id" text NOT NULL,
	"resource_type" text NOT NULL,
	"change" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisor_resources" (
	"key" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"type" text NOT NULL,
	"region" text NOT NULL,
	"zone" text,
	"name" text,
	"attributes" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"gone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "advisor_rule_settings" (
	"account_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"enabled" boolean,
	"thresholds" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "advisor_rule_settings_account_id_rule_id_pk" PRIMARY KEY("account_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "advisor_run_findings" (
	"run_id" text NOT NULL,
	"finding_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"dimension" text NOT NULL,
	"severity" text NOT NULL,
	"evidence" jsonb NOT NULL,
	CONSTRAINT "advisor_run_findings_run_id_finding_id_pk" PRIMARY KEY("run_id","finding_id")
);
--> statement-breakpoint
CREATE TABLE "advisor_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"phase" text NOT NULL,
	"cursor" bigint,
	"at" timestamp with time zone NOT NULL,
	"scheduled_for" timestamp with time zone,
	"requested_by" text,
	"level" text,
	"rules" jsonb NOT NULL,
	"mail_to" text,
	"resources_total" integer DEFAULT 0 NOT NULL,
	"resources_done" integer DEFAULT 0 NOT NULL,
	"findings" integer DEFAULT 0 NOT NULL,
	"opened" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "advisor_sample_days" (
	"account_id" text NOT NULL,
	"day" date NOT NULL,
	"tenant_id" text NOT NULL,
	CONSTRAINT "advisor_sample_days_account_id_day_pk" PRIMARY KEY("account_id","day")
);
--> statement-breakpoint
CREATE TABLE "advisor_samples" (
	"resource_key" bigint NOT NULL,
	"metric" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" real NOT NULL,
	CONSTRAINT "advisor_samples_resource_key_metric_at_pk" PRIMARY KEY("resource_key","metric","at")
);
--> statement-breakpoint
CREATE TABLE "advisor_settings" (
	"account_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"authorized_at" timestamp with time zone,
	"authorized_by" text,
	"schedule_enabled" boolean DEFAULT false NOT NULL,
	"every" text DEFAULT 'week' NOT NULL,
	"at_time" text DEFAULT '09:00' NOT NULL,
	"weekday" integer DEFAULT 1 NOT NULL,
	"email" text,
	"next_run_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "advisor_events_account_idx" ON "advisor_events" USING btree ("account_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "advisor_findings_identity_idx" ON "advisor_findings" USING btree ("account_id","rule_id","subject");--> statement-breakpoint
CREATE INDEX "advisor_findings_account_status_idx" ON "advisor_findings" USING btree ("account_id","status");--> statement-breakpoint
CREATE INDEX "advisor_findings_last_seen_idx" ON "advisor_findings" USING btree ("last_seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "advisor_groups_account_name_idx" ON "advisor_groups" USING btree ("account_id","name");--> statement-breakpoint
CREATE INDEX "advisor_resource_changes_account_idx" ON "advisor_resource_changes" USING btree ("account_id","at");--> statement-breakpoint
CREATE INDEX "advisor_resource_changes_at_idx" ON "advisor_resource_changes" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "advisor_resources_id_idx" ON "advisor_resources" USING btree ("id");--> statement-breakpoint
CREATE INDEX "advisor_resources_account_idx" ON "advisor_resources" USING btree ("account_id","key");--> statement-breakpoint
CREATE INDEX "advisor_run_findings_finding_idx" ON "advisor_run_findings" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "advisor_runs_account_idx" ON "advisor_runs" USING btree ("account_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "advisor_runs_schedule_idx" ON "advisor_runs" USING btree ("account_id","scheduled_for");--> statement-breakpoint
CREATE INDEX "advisor_runs_running_idx" ON "advisor_runs" USING btree ("status") WHERE "advisor_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "advisor_runs_started_idx" ON "advisor_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "advisor_sample_days_day_idx" ON "advisor_sample_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "advisor_settings_next_run_idx" ON "advisor_settings" USING btree ("next_run_at") WHERE "advisor_settings"."next_run_at" IS NOT NULL;