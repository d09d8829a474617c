CREATE SEQUENCE "public"."service_request_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."ticket_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"object_id" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"tenant_id" text,
	"request_hash" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status_code" integer,
	"response_body" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_principal_key_pk" PRIMARY KEY("principal","key")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"topic" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"dispatched_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"parent_id" text,
	"finance_mode" text,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"region" text NOT NULL,
	"time_zone" text NOT NULL,
	"locale" text NOT NULL,
	"sharing_enabled" boolean DEFAULT false NOT NULL,
	"approved_at" timestamp with time zone,
	"tam_user_id" text,
	"no_reason_refunds_used" integer DEFAULT 0 NOT NULL,
	"report_email" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"user_id" text NOT NULL,
	"name" text,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"account_id" text,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"grade" text,
	"created_at" timestamp with time zone NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bill_lines" (
	"bill_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"level" text,
	"days" integer,
	"description" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"consumption_minor" bigint,
	"order_id" text,
	"period_start" date,
	"period_end" date,
	CONSTRAINT "bill_lines_bill_id_line_no_pk" PRIMARY KEY("bill_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"scope" text NOT NULL,
	"status" text NOT NULL,
	"phase" text NOT NULL,
	"cursor" text,
	"accounts_total" integer DEFAULT 0 NOT NULL,
	"accounts_done" integer DEFAULT 0 NOT NULL,
	"bills_created" integer DEFAULT 0 NOT NULL,
	"already_billed" integer DEFAULT 0 NOT NULL,
	"passes" integer DEFAULT 1 NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"month" text NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"consumption_minor" bigint NOT NULL,
	"run_id" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_month_totals" (
	"month" text NOT NULL,
	"account_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "usage_month_totals_month_account_id_pk" PRIMARY KEY("month","account_id")
);
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"record_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"service" text NOT NULL,
	"category" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holidays" (
	"country" text NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "holidays_country_date_pk" PRIMARY KEY("country","date")
);
--> statement-breakpoint
CREATE TABLE "incident_notifications" (
	"incident_id" text NOT NULL,
	"account_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"level" text NOT NULL,
	"notified_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_notifications_incident_id_account_id_pk" PRIMARY KEY("incident_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "incident_updates" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"body" jsonb NOT NULL,
	"author" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"level" integer NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"guidance" jsonb NOT NULL,
	"affected_regions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"affected_services" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"fan_out_done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "email_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"source_key" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"message_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"recipient_user_id" text,
	"kind" text NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_key" text NOT NULL,
	"read" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"source_key" text NOT NULL,
	"to" text,
	"text" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"message_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"webhook_id" text NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"attempt" integer NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"succeeded" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "service_request_deliverables" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"service_request_id" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_request_events" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"service_request_id" text NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"plan_account_id" text NOT NULL,
	"level" text NOT NULL,
	"type" text NOT NULL,
	"protection_level" integer,
	"origin" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"days" integer NOT NULL,
	"time_zone" text NOT NULL,
	"scenario" text,
	"delivery_method" text,
	"contact" jsonb,
	"scope" text,
	"resources" jsonb,
	"notes" text,
	"status" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"consumption" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"locked_term" text,
	"assignee_id" text,
	"reject_reason" text,
	"created_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"response_speed" integer,
	"deliverable_quality" integer,
	"feedback" text,
	"evaluated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "balance_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"kind" text NOT NULL,
	"order_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linked_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"owner_account_id" text NOT NULL,
	"linked_account_id" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"level" text,
	"from_level" text,
	"term_unit" text,
	"term_count" integer,
	"direction" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"breakdown" jsonb NOT NULL,
	"action_date" date NOT NULL,
	"reason" text,
	"reason_text" text,
	"add_on_type" text,
	"add_on_count" integer,
	"auto_renew" boolean DEFAULT false NOT NULL,
	"placed_by" text NOT NULL,
	"placed_by_staff" boolean NOT NULL,
	"subscription_version" integer,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"refunded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plan_history" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"level" text NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone,
	"order_id" text,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "quota_usage" (
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"quota" text NOT NULL,
	"period_key" text NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"granted" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscription_periods" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"account_id" text NOT NULL,
	"level" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"term_unit" text NOT NULL,
	"term_count" integer NOT NULL,
	"basis_minor" bigint NOT NULL,
	"paid_minor" bigint NOT NULL,
	"order_id" text NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"cut_date" date,
	"locked_at" timestamp with time zone,
	"locked_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"level" text NOT NULL,
	"status" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"anchor_from" timestamp with time zone NOT NULL,
	"term_unit" text NOT NULL,
	"term_count" integer NOT NULL,
	"auto_renew" boolean DEFAULT false NOT NULL,
	"reminded_days" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"visibility" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_replies" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"author_id" text NOT NULL,
	"author_kind" text NOT NULL,
	"visibility" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"plan_account_id" text NOT NULL,
	"plan_source" text NOT NULL,
	"level" text NOT NULL,
	"category" text NOT NULL,
	"severity" text,
	"original_severity" text,
	"channel" text NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"affected_service" text,
	"affected_region" text,
	"end_customer" text,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"priority" boolean DEFAULT false NOT NULL,
	"incident_id" text,
	"assignee_id" text,
	"created_by" text NOT NULL,
	"created_via" text NOT NULL,
	"target_iso" text NOT NULL,
	"target_minutes" integer NOT NULL,
	"clock" text NOT NULL,
	"time_zone" text NOT NULL,
	"holiday_country" text,
	"sla_binding" boolean NOT NULL,
	"best_effort" boolean NOT NULL,
	"sla_adjustment" jsonb,
	"response_due_at" timestamp with time zone NOT NULL,
	"warning_at" timestamp with time zone NOT NULL,
	"warned_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"breached" boolean DEFAULT false NOT NULL,
	"breached_at" timestamp with time zone,
	"resolution_priority" integer,
	"restoration_priority" integer,
	"quota_period" text,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"rating_stars" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "audit_events_object_idx" ON "audit_events" USING btree ("object_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_tenant_idx" ON "audit_events" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_idx" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("dispatched_at","available_at");--> statement-breakpoint
CREATE INDEX "accounts_tenant_idx" ON "accounts" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "accounts_parent_idx" ON "accounts" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "api_keys_user_idx" ON "api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "contacts_account_idx" ON "contacts" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE INDEX "users_account_idx" ON "users" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_runs_month_scope_idx" ON "billing_runs" USING btree ("month","scope");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_account_month_idx" ON "bills" USING btree ("account_id","month");--> statement-breakpoint
CREATE INDEX "usage_records_account_to_idx" ON "usage_records" USING btree ("account_id","to_date");--> statement-breakpoint
CREATE INDEX "incident_notifications_tenant_idx" ON "incident_notifications" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE INDEX "incident_updates_incident_idx" ON "incident_updates" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "incidents_published_idx" ON "incidents" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "email_deliveries_account_idx" ON "email_deliveries" USING btree ("tenant_id","account_id","created_at");--> statement-breakpoint
CREATE INDEX "email_deliveries_source_idx" ON "email_deliveries" USING btree ("source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_source_idx" ON "messages" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "messages_account_idx" ON "messages" USING btree ("tenant_id","account_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_recipient_idx" ON "messages" USING btree ("recipient_user_id","created_at");--> statement-breakpoint
CREATE INDEX "sms_deliveries_account_idx" ON "sms_deliveries" USING btree ("tenant_id","account_id","created_at");--> statement-breakpoint
CREATE INDEX "sms_deliveries_source_idx" ON "sms_deliveries" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("tenant_id","webhook_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("webhook_id","event_id");--> statement-breakpoint
CREATE INDEX "webhooks_account_idx" ON "webhooks" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE INDEX "service_request_deliverables_sr_idx" ON "service_request_deliverables" USING btree ("tenant_id","service_request_id");--> statement-breakpoint
CREATE INDEX "service_request_events_sr_idx" ON "service_request_events" USING btree ("tenant_id","service_request_id","at");--> statement-breakpoint
CREATE INDEX "service_requests_account_idx" ON "service_requests" USING btree ("tenant_id","account_id","submitted_at");--> statement-breakpoint
CREATE INDEX "service_requests_window_idx" ON "service_requests" USING btree ("plan_account_id","type","status","start_date");--> statement-breakpoint
CREATE INDEX "service_requests_status_idx" ON "service_requests" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "balance_entries_account_idx" ON "balance_entries" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE INDEX "linked_accounts_owner_idx" ON "linked_accounts" USING btree ("tenant_id","owner_account_id");--> statement-breakpoint
CREATE INDEX "linked_accounts_linked_idx" ON "linked_accounts" USING btree ("linked_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_idx" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "orders_account_idx" ON "orders" USING btree ("tenant_id","account_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_pending_idx" ON "orders" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "plan_history_account_idx" ON "plan_history" USING btree ("tenant_id","account_id","from_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quota_usage_key_idx" ON "quota_usage" USING btree ("account_id","quota","period_key");--> statement-breakpoint
CREATE INDEX "quota_usage_tenant_idx" ON "quota_usage" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "subscription_periods_sub_idx" ON "subscription_periods" USING btree ("tenant_id","subscription_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_account_idx" ON "subscriptions" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "subscriptions_valid_to_idx" ON "subscriptions" USING btree ("status","valid_to");--> statement-breakpoint
CREATE INDEX "subscriptions_tenant_idx" ON "subscriptions" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "ticket_attachments_ticket_idx" ON "ticket_attachments" USING btree ("tenant_id","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("tenant_id","ticket_id","at");--> statement-breakpoint
CREATE INDEX "ticket_replies_ticket_idx" ON "ticket_replies" USING btree ("tenant_id","ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_account_idx" ON "tickets" USING btree ("tenant_id","account_id","opened_at");--> statement-breakpoint
CREATE INDEX "tickets_due_idx" ON "tickets" USING btree ("status","response_due_at");--> statement-breakpoint
CREATE INDEX "tickets_sla_open_idx" ON "tickets" USING btree ("breached","responded_at","response_due_at");--> statement-breakpoint
CREATE INDEX "tickets_warning_idx" ON "tickets" USING btree ("warned_at","responded_at","warning_at");--> statement-breakpoint
CREATE INDEX "tickets_assignee_idx" ON "tickets" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "tickets_number_idx" ON "tickets" USING btree ("number");