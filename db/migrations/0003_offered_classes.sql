CREATE TABLE "team_offered_classes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_offered_classes_team_kind_name" UNIQUE("team_id","kind","name"),
	CONSTRAINT "team_offered_classes_kind" CHECK ("team_offered_classes"."kind" in ('class', 'stack'))
);
--> statement-breakpoint
ALTER TABLE "team_offered_classes" ADD CONSTRAINT "team_offered_classes_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at" DESC NULLS FIRST,"id" DESC NULLS FIRST);