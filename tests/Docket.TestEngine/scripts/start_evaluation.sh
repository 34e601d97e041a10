#!/bin/sh
exec "${TEST_ENGINE_DOTNET:-dotnet}" "$TEST_ENGINE_DLL" evaluation
