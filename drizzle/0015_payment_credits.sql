DROP INDEX "balance_entries_order_kind_idx";--> statement-breakpoint
ALTER TABLE "balance_entries" ADD COLUMN "payment_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "balance_entries_payment_idx" ON "balance_entries" USING btree ("tenant_id","payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "balance_entries_order_kind_idx" ON "balance_entries" USING btree ("order_id","kind") WHERE "balance_entries"."kind" <> 'payment_credit';