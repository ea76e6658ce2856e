-- PostgreSQL and DuckDB tables for the CSV output of `press-ner extract --format csv`:
-- the same tables, columns, keys and indexes as the SQLite output (src/export/sqlite.rs),
-- except that deletes do not cascade (DuckDB refuses ON DELETE CASCADE). See the README's
-- "Databases" section for what each column holds and the \copy commands; create the tables
-- in an empty schema, then load the CSV files in this order.

CREATE TABLE documents (
  document  text PRIMARY KEY,               -- path, or JSONL id
  source    text NOT NULL CHECK (source IN ('path', 'id')),
  title     text,                           -- headline
  published date,
  issuer    text
);

CREATE TABLE entities (
  id        text PRIMARY KEY,               -- type:slug, the same in every document
  type      text NOT NULL CHECK (type IN ('person', 'title', 'organization', 'place', 'date', 'event')),
  name      text NOT NULL,                  -- representative name
  canonical text,
  value     text                            -- dates: TIMEX3 value
);

CREATE TABLE document_entities (
  document  text NOT NULL REFERENCES documents (document),
  entity    text NOT NULL REFERENCES entities (id),
  ord       integer NOT NULL,               -- position in the record's entities
  name      text NOT NULL,                  -- the name in this document
  canonical text,
  value     text,
  PRIMARY KEY (document, entity)
);
CREATE INDEX document_entities_entity ON document_entities (entity);

CREATE TABLE mentions (
  document   text NOT NULL,
  start      bigint NOT NULL,               -- UTF-8 byte offsets
  "end"      bigint NOT NULL,
  char_start bigint NOT NULL,               -- Unicode scalar offsets
  char_end   bigint NOT NULL,
  entity     text NOT NULL,
  text       text NOT NULL,
  rule       text,                          -- with --explain
  PRIMARY KEY (document, start),
  FOREIGN KEY (document, entity) REFERENCES document_entities (document, entity)
);
CREATE INDEX mentions_entity ON mentions (entity, document);

CREATE TABLE roles (
  document     text NOT NULL REFERENCES documents (document),
  ord          integer NOT NULL,
  person       text NOT NULL,
  title        text,
  organization text,
  PRIMARY KEY (document, ord),
  FOREIGN KEY (document, person) REFERENCES document_entities (document, entity),
  FOREIGN KEY (document, title) REFERENCES document_entities (document, entity),
  FOREIGN KEY (document, organization) REFERENCES document_entities (document, entity)
);
CREATE INDEX roles_person ON roles (person, document);
CREATE INDEX roles_title ON roles (title, document);
CREATE INDEX roles_organization ON roles (organization, document);

CREATE TABLE errors (
  document text PRIMARY KEY,                -- path, JSONL id, or FILE:LINE
  source   text NOT NULL CHECK (source IN ('path', 'id')),
  line     bigint,                          -- JSONL input line
  kind     text NOT NULL,
  message  text NOT NULL
);
