CREATE TABLE "payment_callbacks" (
	"webhook_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"payment_id" text NOT NULL,
	"order_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"levels" jsonb,
	"expires_at" timestamp with time zone NOT NULL,
	"note" text,
	"issued_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_order_id" text
);
--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "shortfall_minor" bigint;--> statement-breakpoint
ALTER TABLE "balance_entries" ADD COLUMN "bill_id" text;--> statement-breakpoint
ALTER TABLE "balance_entries" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "balance_entries" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "balance_entries" ADD COLUMN "balance_after_minor" bigint;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payment_method" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payment_reference" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "provider_payment_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "voucher_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "voucher_minor" bigint;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "balance_minor" bigint;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "paid_by" text;--> statement-breakpoint
CREATE INDEX "vouchers_account_idx" ON "vouchers" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "balance_entries_order_kind_idx" ON "balance_entries" USING btree ("order_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "balance_entries_bill_idx" ON "balance_entries" USING btree ("bill_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_provider_payment_idx" ON "orders" USING btree ("provider_payment_id");