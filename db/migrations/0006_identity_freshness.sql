ALTER TABLE "auth_sessions" ADD COLUMN "idp_subject" text;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "idp_session_id" text;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "identity_refreshed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "refresh_claim" text;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "refresh_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "ended_reason" text;--> statement-breakpoint
CREATE INDEX "auth_sessions_idp_session_idx" ON "auth_sessions" USING btree ("idp_session_id");