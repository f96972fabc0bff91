CREATE TABLE "registry_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"url" text NOT NULL,
	"repository_prefix" text,
	"harbor_project" text,
	"username" text,
	"secret_encrypted" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "registry_connections_team_id_unique" UNIQUE("team_id"),
	CONSTRAINT "registry_connections_kind" CHECK ("registry_connections"."kind" in ('oci', 'harbor')),
	CONSTRAINT "registry_connections_url_http" CHECK ("registry_connections"."url" ~ '^https?://'),
	CONSTRAINT "registry_connections_scope" CHECK (("registry_connections"."kind" = 'oci' and "registry_connections"."repository_prefix" is not null) or ("registry_connections"."kind" = 'harbor' and "registry_connections"."harbor_project" is not null))
);
--> statement-breakpoint
ALTER TABLE "registry_connections" ADD CONSTRAINT "registry_connections_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;