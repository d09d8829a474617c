-- advisor_samples gains tenant_id (every tenant-owned table has it; docs/SCALING.md's distribution column), filled from
-- the samples' resources; samples of a resource that no longer exists are dropped. The key is led by the tenant.
ALTER TABLE "advisor_samples" ADD COLUMN "tenant_id" text;--> statement-breakpoint
UPDATE "advisor_samples" s SET "tenant_id" = r."tenant_id" FROM "advisor_resources" r WHERE r."key" = s."resource_key";--> statement-breakpoint
DELETE FROM "advisor_samples" WHERE "tenant_id" IS NULL;--> statement-breakpoint
ALTER TABLE "advisor_samples" ALTER COLUMN "tenant_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "advisor_samples" DROP CONSTRAINT "advisor_samples_resource_key_metric_at_pk";--> statement-breakpoint
ALTER TABLE "advisor_samples" ADD CONSTRAINT "advisor_samples_tenant_id_resource_key_metric_at_pk" PRIMARY KEY("tenant_id","resource_key","metric","at");
