import { describe, expect, it } from 'vitest';
import { detectMcpServers } from './mcp-config.js';
import { detectPythonTools } from './python.js';

describe('detectPythonTools (the reference heuristic)', () => {
  it('marks every def of a LangChain module as a tool', () => {
    const text = 'from langchain.tools import tool\n\n@tool\ndef search(q):\n    pass\n\ndef delete_user(uid):\n    pass\n';
    expect(detectPythonTools('a/tools.py', text)).toEqual([
      { kind: 'tool', name: 'delete_user', tag: 'framework:langchain' },
      { kind: 'tool', name: 'search', tag: 'framework:langchain' },
    ]);
  });

  it('adds name= literals for OpenAI Agents modules, and falls back to the file stem', () => {
    const text = 'from agents import Agent, function_tool\nagent = Agent(name="helper", tools=[x])\n';
    expect(detectPythonTools('pkg/agent_main.py', text).map((f) => f.name)).toEqual(['helper', 'agent_main']);
  });

  it('reports nothing for plain Python', () => {
    expect(detectPythonTools('util.py', 'def add(a, b):\n    return a + b\n')).toEqual([]);
  });
});

describe('detectMcpServers', () => {
  it('reads mcpServers and servers keys at any depth, in JSON and YAML', () => {
    expect(detectMcpServers('.mcp.json', JSON.stringify({ mcpServers: { github: {}, postgres: {} } }), 'json').map((f) => f.name)).toEqual(['github', 'postgres']);
    expect(detectMcpServers('cfg.yaml', 'app:\n  Servers:\n    slack: {command: x}\n', 'yaml')).toEqual([{ kind: 'mcp_server', name: 'slack', tag: 'mcp' }]);
  });

  it('skips unparsable config unless the file name says mcp', () => {
    expect(detectMcpServers('package.json', '{oops', 'json')).toEqual([]);
    expect(() => detectMcpServers('.mcp.json', '{oops', 'json')).toThrow(/parse \.mcp\.json/);
  });
});
