"""Dialogs that stand on their own (not tied to one page): Log a cramp…"""
