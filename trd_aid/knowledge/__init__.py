"""The knowledge base: drugs, thresholds, definitions and sources, validated from YAML."""

from trd_aid.knowledge.loader import KnowledgeError, data_path, load_knowledge

__all__ = ["KnowledgeError", "data_path", "load_knowledge"]
