CREATE TABLE "holiday_years" (
	"country" text NOT NULL,
	"year" integer NOT NULL,
	"is_complete" boolean NOT NULL,
	"source" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "holiday_years_country_year_pk" PRIMARY KEY("country","year")
);
--> statement-breakpoint
ALTER TABLE "holidays" ADD COLUMN "is_removed" boolean DEFAULT false NOT NULL;