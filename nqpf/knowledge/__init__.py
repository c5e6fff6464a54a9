"""Knowledge layer: ontology, curated knowledge graph, SHACL, saved SPARQL, Data Cube export."""
