CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_email" text,
	"team_slug" text,
	"action" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_name" text,
	"outcome" text NOT NULL,
	"details" jsonb,
	"request_id" text,
	CONSTRAINT "audit_events_outcome" CHECK ("audit_events"."outcome" in ('allowed', 'refused', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"email" text,
	"name" text,
	"groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"id_token" text,
	"refresh_token" text,
	"access_token_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"display_name" text NOT NULL,
	"namespace" text NOT NULL,
	"admin_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"member_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"viewer_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_worker_nodes" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "teams_slug_unique" UNIQUE("slug"),
	CONSTRAINT "teams_namespace_unique" UNIQUE("namespace"),
	CONSTRAINT "teams_slug_k8s_name" CHECK ("teams"."slug" ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
	CONSTRAINT "teams_namespace_k8s_name" CHECK ("teams"."namespace" ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
	CONSTRAINT "teams_max_worker_nodes_nonnegative" CHECK ("teams"."max_worker_nodes" >= 0)
);
--> statement-breakpoint
CREATE INDEX "audit_events_team_at_idx" ON "audit_events" USING btree ("team_slug","at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action");--> statement-breakpoint
CREATE INDEX "auth_sessions_subject_idx" ON "auth_sessions" USING btree ("subject");