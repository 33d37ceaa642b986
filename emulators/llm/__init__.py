"""OpenAI-compatible LLM emulator whose replies tests script in advance."""

from emulators.llm.replies import ScriptedReply
from emulators.llm.server import LLMEmulator

__all__ = ["LLMEmulator", "ScriptedReply"]
