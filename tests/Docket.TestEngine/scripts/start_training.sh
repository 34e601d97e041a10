#!/bin/sh
# Not exec: the shell stays the group's leader with the engine under it, as many real scripts do, so the tests see a
# stop reach a tree (shell, engine, the engine's children), not one process.
"${TEST_ENGINE_DOTNET:-dotnet}" "$TEST_ENGINE_DLL" training
