-- The creator who owns a series and may read its insights (the user id, a token's subject); null = the platform's.
-- The flagship belongs to the demo realm's creator account (deploy/keycloak/microdrama-realm.json).
alter table series add column creator_id varchar(200);

update series set creator_id = 'ad000000-0000-4000-8000-000000000006' where id = 'midnight-contract';
