@echo off
rem ayni, portable: the console in UTF-8, and the book kept in this folder
rem (libro.ayni, made by the first run's setup when it is not there yet).
chcp 65001 >nul
cd /d "%~dp0"
"%~dp0ayni.exe" --book "%~dp0libro.ayni" %*
