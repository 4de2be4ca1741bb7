enum SyncEngineModule {}
